"""Kokoro's int8 model rewritten once as plain float32: the same weights, a faster graph.

The only Kokoro model a registry ships here is the v1.0 *dynamically quantized* export:
its weights are int8/uint8 and every matrix product and convolution quantizes its input at
run time (``DynamicQuantizeLinear``), multiplies integers (``MatMulInteger``,
``ConvInteger``, ``DynamicQuantizeLSTM``) and scales the result back to float. On a small
CPU that bookkeeping costs more than the integer arithmetic saves. Each weight is turned
back into floats here — ``(w - zero_point) × scale``, exactly what the int8 graph
multiplies by — and each quantized operator into its float one, so the model computes the
same function without rounding its activations (the voice does not change; measured
figures are in docs/voices.md).

This needs the ``onnx`` package at the time the file is made; without it the int8 model
is used as it is.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from pathlib import Path
from typing import Any

FORMAT = 1
"""Bump when the rewrite changes: the float file's name carries it, so an old one is
simply not used."""


class CannotRewrite(Exception):
    """The graph is not shaped as the rewrite expects (another export): use it as it is."""


def onnx_module() -> Any:
    """``onnx``, or None when it is not installed (the int8 model is then used)."""
    try:
        return importlib.import_module("onnx")
    except ImportError:
        return None


def float_model(source: Path) -> bytes:
    """The model at ``source`` with every quantized weight and operator turned to float32,
    serialized. Raises :class:`CannotRewrite` for a graph of another shape."""
    onnx = onnx_module()
    if onnx is None:
        raise CannotRewrite("the onnx package is not installed")
    model = onnx.load(str(source))
    _Rewrite(onnx, model.graph).run()
    return model.SerializeToString()


class _Rewrite:
    def __init__(self, onnx: Any, graph: Any) -> None:
        from onnx import helper, numpy_helper

        self.onnx, self.graph = onnx, graph
        self.helper, self.np_helper = helper, numpy_helper
        self.init = {t.name: t for t in graph.initializer}
        self.producer = {o: n for n in graph.node for o in n.output}
        self.users: dict[str, list[Any]] = defaultdict(list)
        for n in graph.node:
            for i in n.input:
                self.users[i].append(n)
        self.replaced: dict[int, list[Any]] = {}
        """Index of a node in the graph → the nodes that take its place."""
        self.dropped: set[int] = set()
        self.added: list[Any] = []
        self._index = {id(n): i for i, n in enumerate(graph.node)}
        self._names: set[str] = set(self.init)

    # -- small helpers ---------------------------------------------------------------

    def array(self, name: str) -> Any:
        if name not in self.init:
            raise CannotRewrite(f"{name} is not a constant")
        return self.np_helper.to_array(self.init[name])

    def constant(self, base: str, value: Any) -> str:
        import numpy as np

        name = base
        while name in self._names:
            name += "_"
        self._names.add(name)
        self.added.append(self.np_helper.from_array(np.ascontiguousarray(value, np.float32),
                                                    name))
        return name

    def only_user(self, name: str, op: str) -> Any:
        users = self.users.get(name, [])
        if len(users) != 1 or users[0].op_type != op:
            raise CannotRewrite(f"{name} does not feed one {op}")
        return users[0]

    def quantized_input(self, name: str) -> str:
        """The float tensor a ``DynamicQuantizeLinear`` output was quantized from."""
        node = self.producer.get(name)
        if node is None or node.op_type != "DynamicQuantizeLinear":
            raise CannotRewrite(f"{name} is not quantized at run time")
        return node.input[0]

    def replace(self, first: Any, gone: list[Any], new: Any) -> None:
        self.replaced[self._index[id(first)]] = [new]
        self.dropped.update(self._index[id(n)] for n in gone)

    # -- the rewrites ----------------------------------------------------------------

    def matmul(self, node: Any) -> None:
        """MatMulInteger → Cast → Mul(scales) becomes MatMul with float weights."""
        cast = self.only_user(node.output[0], "Cast")
        mul = self.only_user(cast.output[0], "Mul")
        w, zp = self.array(node.input[1]), self.array(node.input[3])
        scale = self._weight_scale(mul, cast.output[0])
        weights = (w.astype("float32") - zp.astype("float32")) * scale
        new = self.helper.make_node(
            "MatMul", [self.quantized_input(node.input[0]),
                       self.constant(node.input[1] + "_float", weights)],
            [mul.output[0]], name=node.name + "_float")
        self.replace(node, [cast, mul], new)

    def conv(self, node: Any) -> None:
        """ConvInteger [→ Add(quantized bias)] → Cast → Mul(scales) becomes Conv with
        float weights and the float bias."""
        after = self.users.get(node.output[0], [])
        bias = None
        chain = []
        if len(after) == 1 and after[0].op_type == "Add":
            add = after[0]
            chain.append(add)
            bias = self._float_bias(add.input[1])
            cast = self.only_user(add.output[0], "Cast")
        else:
            cast = self.only_user(node.output[0], "Cast")
        mul = self.only_user(cast.output[0], "Mul")
        w, zp = self.array(node.input[1]), self.array(node.input[3])
        scale = self._weight_scale(mul, cast.output[0])
        per_channel = (-1,) + (1,) * (w.ndim - 1)
        weights = ((w.astype("float32") - zp.astype("float32").reshape(per_channel if zp.size > 1
                                                                       else ()))
                   * (scale.reshape(per_channel) if scale.size > 1 else scale))
        inputs = [self.quantized_input(node.input[0]),
                  self.constant(node.input[1] + "_float", weights)]
        if bias is not None:
            inputs.append(self.constant(bias + "_float", self.array(bias)))
        new = self.helper.make_node("Conv", inputs, [mul.output[0]], name=node.name + "_float")
        new.attribute.extend(node.attribute)
        self.replace(node, [*chain, cast, mul], new)

    def lstm(self, node: Any) -> None:
        """DynamicQuantizeLSTM becomes LSTM: its weights are stored transposed
        (directions × input × 4·hidden) and scaled per direction."""
        ins = list(node.input)

        def weights(q: str, scale: str, zp: str) -> str:
            w = self.array(q).astype("float32")
            s, z = self.array(scale).astype("float32"), self.array(zp).astype("float32")
            w = (w - z.reshape(-1, 1, 1)) * s.reshape(-1, 1, 1)
            return self.constant(q + "_float", w.transpose(0, 2, 1))

        new = self.helper.make_node(
            "LSTM", [ins[0], weights(ins[1], ins[8], ins[9]), weights(ins[2], ins[10], ins[11]),
                     *ins[3:8]],
            list(node.output), name=node.name + "_float")
        new.attribute.extend(node.attribute)
        self.replace(node, [], new)

    def dequantize(self, node: Any) -> None:
        """Gather(int8 table) → DequantizeLinear becomes Gather(float table)."""
        gather = self.producer.get(node.input[0])
        if gather is None or gather.op_type != "Gather" or len(node.input) < 3:
            raise CannotRewrite(f"{node.name} does not dequantize a looked-up row")
        table = self.array(gather.input[0]).astype("float32")
        zp = self.array(node.input[2]).astype("float32")
        scale = self.array(node.input[1]).astype("float32")
        new = self.helper.make_node(
            "Gather", [self.constant(gather.input[0] + "_float", (table - zp) * scale),
                       gather.input[1]], [node.output[0]], name=gather.name + "_float")
        new.attribute.extend(gather.attribute)
        if len(self.users[gather.output[0]]) != 1:
            raise CannotRewrite(f"{gather.name} is shared")
        self.replace(gather, [node], new)

    def _weight_scale(self, mul: Any, product: str) -> Any:
        """The weight's own scale: the other factor of ``mul`` is the input's run-time
        scale times the weight's constant one."""
        other = mul.input[1] if mul.input[0] == product else mul.input[0]
        scales = self.producer.get(other)
        if scales is None or scales.op_type != "Mul":
            raise CannotRewrite(f"{mul.name} is not scaled by input × weight")
        constant = [i for i in scales.input if i in self.init]
        if len(constant) != 1:
            raise CannotRewrite(f"{scales.name} has no single constant scale")
        return self.array(constant[0]).astype("float32")

    def _float_bias(self, name: str) -> str:
        """The float bias a quantized bias was computed from at run time
        (Div(bias, scale) → Floor → Cast → Reshape)."""
        node = self.producer.get(name)
        for op in ("Reshape", "Cast", "Floor", "Div"):
            if node is None or node.op_type != op:
                raise CannotRewrite(f"the bias {name} is not quantized as expected")
            if op == "Div":
                return str(node.input[0])
            node = self.producer.get(node.input[0])
        raise CannotRewrite(name)

    def run(self) -> None:
        handlers = {"MatMulInteger": self.matmul, "ConvInteger": self.conv,
                    "DynamicQuantizeLSTM": self.lstm, "DequantizeLinear": self.dequantize}
        for node in list(self.graph.node):
            if node.op_type in handlers:
                handlers[node.op_type](node)
        nodes = []
        for i, node in enumerate(self.graph.node):
            if i in self.replaced:
                nodes += self.replaced[i]
            elif i not in self.dropped:
                nodes.append(node)
        nodes = _live(nodes, {o.name for o in self.graph.output})
        used = {i for n in nodes for i in n.input} | {o.name for o in self.graph.output}
        left = [t for t in [*self.graph.initializer, *self.added] if t.name in used]
        del self.graph.node[:]
        self.graph.node.extend(nodes)
        del self.graph.initializer[:]
        self.graph.initializer.extend(left)
        quantized = {"MatMulInteger", "ConvInteger", "DynamicQuantizeLSTM",
                     "DynamicQuantizeLinear", "DequantizeLinear"}
        if any(n.op_type in quantized for n in nodes):
            raise CannotRewrite("quantized operators are left in the graph")


def _live(nodes: list[Any], outputs: set[str]) -> list[Any]:
    """``nodes`` without those whose results nothing uses (the run-time quantizers and
    scale products the float operators no longer need), in their order."""
    needed = set(outputs)
    keep = []
    for node in reversed(nodes):
        if any(o in needed for o in node.output):
            keep.append(node)
            needed.update(i for i in node.input if i)
    return keep[::-1]
