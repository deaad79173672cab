"""Tutorial 2: from a DeepProbLog program to a trained model.

Run it with ``python docs/tutorials/t02_deepproblog_training.py``. A digit classifier is
trained without ever seeing a digit label: the examples only give the *sum* of two
handwritten digits, and the logic program says how a sum is made of two digits.

Data: MNIST if ``$CORTEXLOG_DATA`` points at it (or it is in the cache); otherwise
``load_mnist`` falls back to the 8x8 digits bundled with cortexlog (one line on stderr
says so), which is what CI uses. Either way this script trains on a few hundred examples.
"""

import torch

import cortexlog
from cortexlog.data import load_mnist

torch.manual_seed(0)
torch.set_num_threads(1)  # small tensors: extra threads would only wait on a busy machine

# --- 1. The program ---------------------------------------------------------------------
# `nn(mnist_net, [X], Y, [0..9]) :: digit(X, Y).` is a neural annotated disjunction: the
# network `mnist_net` maps the image X to a distribution over the ten values of Y, and
# each value's probability is the weight of the fact digit(X, Y). The rule below it is
# ordinary logic. The program may be a string (as here) or a path to a `.pl` file.
PROGRAM = """
nn(mnist_net, [X], Y, [0,1,2,3,4,5,6,7,8,9]) :: digit(X, Y).
addition(X, Y, Z) :- digit(X, N1), digit(Y, N2), Z is N1 + N2.
"""

# --- 2. The data -------------------------------------------------------------------------
train, test = load_mnist("train"), load_mnist("test")
print(f"1. data: {len(train)} training and {len(test)} test images of shape "
      f"{tuple(train.images.shape[1:])}")

# `cortexlog.Model` builds the program's networks: `mnist_net` is not given, so a default
# is sized from the declaration (10 outputs) and the images (a small LeNet).
model = cortexlog.Model(PROGRAM)
# Tensor sources: in an example, `tensor(train(7))` stands for `train.images[7]`.
# The labels are optional; they only let `evaluate` report the digit accuracy.
model.add_tensors("train", train.images, train.labels)
model.add_tensors("test", test.images, test.labels)


def pairs(split: str, labels: torch.Tensor, n: int) -> list[str]:
    """`addition(tensor(split(i)), tensor(split(i+1)), sum)` for n consecutive pairs."""
    return [f"addition(tensor({split}({i})), tensor({split}({i + 1})), "
            f"{int(labels[i] + labels[i + 1])})" for i in range(0, 2 * n, 2)]


# --- 3. Training examples: a ground query each, target probability 1 -------------------
N_TRAIN, N_TEST = 500, 150
train_examples = pairs("train", train.labels, N_TRAIN)
test_examples = pairs("test", test.labels, min(N_TEST, len(test) // 2))
print("2. an example:", train_examples[0])

# --- 4. Before training: about chance -----------------------------------------------------
before = model.evaluate(test_examples)
print(f"3. sum accuracy before training: {before['test_accuracy']:.3f}")

# --- 5. Train ------------------------------------------------------------------------------
# Every batch: one network call on all its images, one circuit pass per query shape, and
# the loss -log P(addition(a, b, sum)) is backpropagated through the circuit into the net.
# `fit` evaluates on the test examples after every epoch (one line each on stderr) and
# returns the per-epoch metrics.
history = model.fit(train_examples, test_examples, epochs=25, batch_size=16, lr=3e-3,
                    progress=False)
curve = [round(m["test_accuracy"], 2) for m in history]
print(f"   sum accuracy after each of the {len(curve)} epochs: {curve}")

# --- 6. Evaluate ------------------------------------------------------------------------
# The sum is right when the given sum is the most probable answer. With the labels
# registered, the digit network's own accuracy is reported too.
metrics = model.evaluate(test_examples)
print("4. after training:",
      {k: round(v, 3) for k, v in metrics.items() if isinstance(v, float)})

# --- 7. Predict: every answer of a query with a free output argument -------------------
prediction = model.predict("addition(tensor(test(0)), tensor(test(1)), S)")
top = list(prediction.items())[:3]
print(f"5. test(0) + test(1), true sum {int(test.labels[0] + test.labels[1])}; "
      "most probable answers:", [(s, round(p, 3)) for s, p in top])
# The network can be asked directly through the program, too.
digit = model.predict("digit(tensor(test(0)), Y)")
print(f"   digit(test(0), Y): {next(iter(digit))} (label {int(test.labels[0])})")

# --- 8. Query: the functional form, on tensors, with gradients ---------------------------
# Variables named in the mapping stand for batches of images; the remaining variable is the
# output. The result is a [batch, answers] tensor usable in your own training loop.
values, answers = model.query("addition(A, B, S)", {"A": test.images[:4],
                                                    "B": test.images[4:8]})
# Column k is the answer printed as answers[k] (the query with S bound, e.g.
# addition(A,B,0)): here the sum k.
print(f"6. query: values {tuple(values.shape)}; first answer column: {answers[0]}")
guess = values.argmax(1)
truth = test.labels[:4] + test.labels[4:8]
print("   predicted sums", guess.tolist(), "true sums", truth.tolist())

print(f"tutorial 2 done: sum accuracy {metrics['test_accuracy']:.3f} (chance about 0.1)")
