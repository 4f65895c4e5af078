"""`tf.train.ExponentialMovingAverage`: shadow variables that track variables and tensors.

Shadows are slots made the way TF's slot_creator makes them (`<var>/<name>[_N]`,
non-trainable, under the current variable scope); each update is TF's
`shadow -= (1 - decay) * (shadow - value)`.
"""
from tensorlite.framework import context as _context
from tensorlite.framework import dtypes as _dtypes
from tensorlite.framework.convert import convert_to_tensor
from tensorlite.framework.graph_keys import GraphKeys
from tensorlite.framework.init_scope import init_scope
from tensorlite.framework.scopes import name_scope
from tensorlite.train import optimizers as _slots

__all__ = ["ExponentialMovingAverage"]

_FLOAT_TYPES = _slots._FLOATS


def _is_variable(value):
    from tensorlite.variables.variables import Variable
    return isinstance(value, Variable)


def _moving_average_update(average, value, one_minus_decay):
    """average -= (average - value) * (1 - decay), in the current name scope."""
    return average.assign_sub((average - value) * one_minus_decay)


def _zero_debiased_update(average, value, one_minus_decay):
    """Adam's debiasing (Kingma et al., 2015) of a zero-initialized average, as TF does it:
    a biased average and a step count live next to `average`."""
    from tensorlite.ops import math_ops
    from tensorlite.variables import variable_scope as vs
    from tensorlite.variables.initializers import Zeros
    with vs.variable_scope(average.name[:-2], values=[average, value, one_minus_decay]):
        biased = vs.get_variable(_unique_in_scope("biased"), initializer=Zeros(),
                                 shape=average.shape, dtype=average.dtype, trainable=False)
        local_step = vs.get_variable(_unique_in_scope("local_step"), shape=[],
                                     dtype=average.dtype, initializer=Zeros(),
                                     trainable=False)
    update_biased = biased.assign_sub((biased - value) * one_minus_decay)
    update_local_step = local_step.assign_add(1)
    bias_factor = 1 - math_ops.pow(1.0 - one_minus_decay, update_local_step)
    return average.assign(update_biased / bias_factor)


def _unique_in_scope(name):
    # TF's _maybe_get_unique: a second debiased average in one scope gets `biased_1`, ...
    from tensorlite.variables import variable_scope as vs
    from tensorlite.variables.variables import global_variables
    scope = vs.get_variable_scope()
    if scope.reuse:
        return name
    taken = {v.name[:-2] for v in global_variables()}
    full_name = scope.name + "/" + name
    if full_name not in taken:
        return name
    index = 1
    while f"{full_name}_{index}" in taken:
        index += 1
    return f"{name}_{index}"


class ExponentialMovingAverage:
    """`tf.train.ExponentialMovingAverage` (also `tf.compat.v1.train`)."""

    def __init__(self, decay, num_updates=None, zero_debias=False,
                 name="ExponentialMovingAverage"):
        self._decay = decay
        self._num_updates = num_updates
        self._zero_debias = zero_debias
        self._name = name
        self._averages = {}

    @property
    def name(self):
        return self._name

    def apply(self, var_list=None):
        """Create the missing shadows and update them all: the update op in graphs, done at
        once (returning None) eagerly."""
        from tensorlite.framework.collections import add_to_collection
        from tensorlite.ops import control_flow_ops, math_ops
        from tensorlite.variables.variables import trainable_variables
        if var_list is None:
            var_list = trainable_variables()
        var_list = list(var_list)
        if _context.executing_eagerly_outside_functions() and \
                any(not _is_variable(v) for v in var_list):
            raise TypeError("tf.train.ExponentialMovingAverage does not support non-Variable"
                            " tensors when eager execution is enabled.")
        debiased = set()
        for var in var_list:
            if var.dtype.base_dtype not in _FLOAT_TYPES:
                raise TypeError(f"The variables must be half, float, or double: {var.name}")
            if var.ref() in self._averages:
                continue
            with init_scope():
                if _is_variable(var):
                    average = _slots.create_slot(var, _slots.current_value(var), self._name)
                    # Only variables join MOVING_AVERAGE_VARIABLES (as in TF).
                    add_to_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, var)
                else:
                    average = _slots.create_filled_slot(var, 0, self._name)
                    if self._zero_debias:
                        debiased.add(average.ref())
            self._averages[var.ref()] = average

        with name_scope(self._name, skip_on_eager=False) as scope:
            decay = convert_to_tensor(self._decay, dtype=_dtypes.float32, name="decay")
            if self._num_updates is not None:
                num_updates = math_ops.cast(self._num_updates, _dtypes.float32,
                                            name="num_updates")
                decay = math_ops.minimum(decay, (1.0 + num_updates) / (10.0 + num_updates))
            updates = []
            for var in var_list:
                average = self._averages[var.ref()]
                with name_scope(None, "AssignMovingAvg", [average, var, decay],
                                skip_on_eager=False):
                    one_minus_decay = convert_to_tensor(1.0 - decay, name="decay")
                    if one_minus_decay.dtype != average.dtype.base_dtype:
                        one_minus_decay = math_ops.cast(one_minus_decay,
                                                        average.dtype.base_dtype)
                    update = _zero_debiased_update if average.ref() in debiased \
                        else _moving_average_update
                    updates.append(update(average, var, one_minus_decay))
            return control_flow_ops.group(*updates, name=scope)

    def average(self, var):
        """The shadow variable of `var`, or None."""
        return self._averages.get(var.ref(), None)

    def average_name(self, var):
        """The name of `var`'s shadow: its own, or the one `apply` would give it now."""
        if var.ref() in self._averages:
            return self._averages[var.ref()].name[:-2]
        return _context.get_default_graph().unique_name(
            var.name[:-2] + "/" + self._name, mark_as_used=False)

    def variables_to_restore(self, moving_avg_variables=None):
        """{checkpoint name: variable} restoring the averages into the variables (and every
        other global variable under its own name)."""
        from tensorlite.variables.variables import (global_variables,
                                                    moving_average_variables,
                                                    trainable_variables)
        if moving_avg_variables is None:
            moving_avg_variables = trainable_variables() + moving_average_variables()
        unique = {v.ref(): v for v in moving_avg_variables}
        name_map = {self.average_name(v): v for v in unique.values()}
        averaged_names = {v.name for v in unique.values()}
        for v in global_variables():
            if v.name not in averaged_names and v.op.name not in name_map:
                name_map[v.op.name] = v
        return name_map
