% Annotated disjunctions: a fact AD summing to 1 (exactly one choice).
0.2::color(red); 0.5::color(green); 0.3::color(blue).
warm :- color(red).
warm :- color(green).
query(color(red)). query(color(blue)). query(warm).
