"""Python-defined builtins loaded by python_main.pl (the problog.extern decorators)."""

from problog.extern import problog_export, problog_export_nondet, problog_export_raw


@problog_export("+str", "+str", "-str")
def joined(a, b):
    return a + "_" + b


@problog_export("+int", "+int", "-int", "-int")
def divmod2(a, b):
    return a // b, a % b


@problog_export("+list", "-list")
def reversed_list(items):
    return list(reversed(items))


@problog_export("+float", "-float")
def half(x):
    return x / 2


@problog_export_nondet("+int", "-int")
def below(n):
    return range(n)


@problog_export_raw("+int", "+int")
def pairs(a, b, **kwargs):  # ProbLog passes its engine and database
    for x, y in [(1, 2), (2, 3), (3, 4)]:
        if a in (None, x) and b in (None, y):
            yield x, y
