% Quoted atoms: an uppercase non-ASCII letter starts a variable (Ωmega), a lowercase one an atom.
0.6::état(α).
0.3::état(ωmega_Ω2).
vu(Ωmega) :- état(Ωmega).
query(vu(_)).
