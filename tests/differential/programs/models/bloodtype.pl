% Classic model: Mendelian inheritance of blood type alleles with ADs.
0.3::pc(P, a); 0.2::pc(P, b); 0.5::pc(P, o) :- founder(P).
founder(mother). founder(father).
allele_from(C, P, A) :- parent(C, P), pc(P, A).
parent(child, mother).
parent(child, father).
0.5::mc(C, A); 0.5::mc(C, B) :- parent(C, mother), pc(mother, A), pc(mother, B).
bt(a) :- pc(mother, a), pc(father, a).
bt(o) :- pc(mother, o), pc(father, o).
bt(ab) :- pc(mother, a), pc(father, b).
bt(ab) :- pc(mother, b), pc(father, a).
query(bt(a)). query(bt(o)). query(bt(ab)).
