% Answers of a non-ground query that the evidence rules out are omitted, as by the
% `problog` command; a ground query is still answered (with 0).
0.3::storm. 0.6::wind. 0.5::rain.
closed(bridge) :- storm.
closed(road) :- wind.
closed(park) :- storm, rain.
closed(ferry) :- wind ; storm.
alert :- closed(bridge).
evidence(alert, false).
query(closed(_)). query(closed(bridge)).
