% Terms: structures unified against patterns extract nested arguments.
item(box(red, size(3))).
item(box(blue, size(5))).
0.5::pick(C) :- item(box(C, size(S))), S > 4.
0.3::pick(C) :- item(box(C, size(S))), S < 4.
query(pick(red)). query(pick(blue)).
