"""Function-building graphs: the graphs `tf.function`, `tf.cond` and `tf.while_loop` trace
into. Tensors from outside (eager tensors, or tensors of an enclosing graph) are captured:
each becomes a placeholder inside, fed with the outside value when the function runs.
"""
from tensorlite.framework.graph import Graph
from tensorlite.framework.tensor import EagerTensor, SymbolicTensor
from tensorlite.ops.constant_op import PLACEHOLDER


class FuncGraph(Graph):
    """A graph being built as the body of a function; `init_scope` skips over it."""

    building_function = True

    def __init__(self, name, outer_graph=None):
        super().__init__()
        self.name = name
        self.outer_graph = outer_graph
        self.inputs = []               # argument placeholders, then capture placeholders
        self.outputs = []
        self.structured_outputs = None
        self._captures = {}            # id(outside tensor) -> (outside tensor, placeholder)
        self.variables = []            # variables created while tracing (lifted outside)

    @property
    def captures(self):
        return [(outside, inside) for outside, inside in self._captures.values()]

    @property
    def external_captures(self):
        return [outside for outside, _ in self._captures.values()]

    @property
    def internal_captures(self):
        return [inside for _, inside in self._captures.values()]

    def capture(self, tensor, name=None):
        """The placeholder standing for outside `tensor` in this graph."""
        entry = self._captures.get(id(tensor))
        if entry is not None:
            return entry[1]
        if isinstance(tensor, SymbolicTensor) and tensor.graph is not self and \
                self.outer_graph is not None and isinstance(self.outer_graph, FuncGraph) \
                and tensor.graph is not self.outer_graph:
            # A tensor of a graph further out: capture it through the enclosing function.
            tensor = self.outer_graph.capture(tensor)
            entry = self._captures.get(id(tensor))
            if entry is not None:
                return entry[1]
        with self.as_default(), self.name_scope(None):
            placeholder = self.run_op(
                PLACEHOLDER, (), {"dtype": tensor.dtype, "shape": tensor.shape},
                name or ("Const" if isinstance(tensor, EagerTensor) else "Placeholder"))
        self._captures[id(tensor)] = (tensor, placeholder)
        self.inputs.append(placeholder)
        return placeholder

    def run_op(self, opdef, inputs, attrs, name):
        if inputs:
            inputs = [self.capture(t) if isinstance(t, SymbolicTensor) and t.graph is not self
                      else t for t in inputs]
        return super().run_op(opdef, inputs, attrs, name)

    def add_argument(self, dtype, shape, name):
        with self.as_default():
            placeholder = self.run_op(PLACEHOLDER, (), {"dtype": dtype, "shape": shape}, name)
        self.inputs.append(placeholder)
        return placeholder
