% Annotated disjunctions: head probabilities written as fractions summing below 1.
1/4::pet(cat); 1/4::pet(dog); 1/8::pet(fish).
query(pet(cat)). query(pet(fish)).
