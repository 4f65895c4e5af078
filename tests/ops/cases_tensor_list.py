"""Cases for the TensorList ops behind graph-mode tf.TensorArray (tensor_list_ops.py).

Eagerly tf.TensorArray is a Python list, so these build the lists with the op wrappers
themselves; each case ends in a dense tensor (a variant has no NumPy reference).
"""
import numpy as np

from tensorlite.ops import tensor_list_ops as L
from tests.ops.harness import Case, F, V


def _from(tf, x):
    return L.tensor_list_from_tensor(x, None)


def _stack(tf, x):
    return L.tensor_list_stack(_from(tf, x), x.dtype)


def _get_item(tf, x):
    items = _from(tf, x)
    return L.tensor_list_get_item(items, 1, x.dtype) * 2. + L.tensor_list_get_item(items, 2,
                                                                                   x.dtype)


def _set_item(tf, x, y):
    items = L.tensor_list_set_item(_from(tf, x), 1, y)
    return L.tensor_list_stack(items, x.dtype)


def _set_item_resize(tf, x, y):
    items = L.tensor_list_set_item(_from(tf, x), 4, y, resize_if_index_out_of_bounds=True)
    return L.tensor_list_get_item(items, 4, x.dtype) + L.tensor_list_get_item(items, 0, x.dtype)


def _reserve(tf, x):
    items = L.tensor_list_reserve(tf.shape(x)[1:], tf.shape(x)[0], x.dtype)
    return L.tensor_list_stack(L.tensor_list_set_item(items, 0, x[0] * 3.), x.dtype)


def _length(tf, x):
    return L.tensor_list_length(_from(tf, x))


def _element_shape(tf, x):
    return L.tensor_list_element_shape(L.tensor_list_from_tensor(x, tf.shape(x)[1:]))


def _resize(tf, x):
    return L.tensor_list_stack(L.tensor_list_resize(_from(tf, x), 2), x.dtype)


def _gather(tf, x):
    return L.tensor_list_gather(_from(tf, x), [2, 0], x.dtype)


def _scatter(tf, x, y):
    items = L.tensor_list_scatter_into_existing_list(_from(tf, x), y, [2, 0])
    return L.tensor_list_stack(items, x.dtype)


def _concat(tf, x):
    return L.tensor_list_concat(_from(tf, x), x.dtype)[0]


def _split(tf, x):
    items = L.tensor_list_split(x, None, [1, 3])
    return L.tensor_list_get_item(items, 1, x.dtype) * 2. + L.tensor_list_concat(
        items, x.dtype)[0][:3]


def _zeros_like(tf, x):
    return L.tensor_list_stack(L.zeros_like_list(_from(tf, x)), x.dtype)


def _add(tf, x, y):
    return L.tensor_list_stack(L.add_lists([_from(tf, x), _from(tf, y), _from(tf, x)]),
                               x.dtype)


CASES = [
    Case("TensorListFromTensor", _stack, lambda x: x, [F(3, 2)], grad=1),
    Case("TensorListStack", _stack, lambda x: x, [F(4)], grad=1),
    Case("TensorListGetItem", _get_item, lambda x: x[1] * 2 + x[2], [F(3, 2)], grad=1),
    Case("TensorListSetItem", _set_item,
         lambda x, y: np.stack([x[0], y, x[2]]), [F(3, 2), F(2)], grad=1),
    Case("TensorListSetItem", _set_item_resize, lambda x, y: y + x[0], [F(3, 2), F(2)],
         grad=1, name="resize"),
    Case("TensorListReserve", _reserve,
         lambda x: np.concatenate([x[:1] * 3, np.zeros_like(x[1:])]), [F(3, 2)], grad=1),
    Case("TensorListLength", _length, lambda x: np.int32(len(x)), [F(5, 2)]),
    Case("TensorListElementShape", _element_shape,
         lambda x: np.array(x.shape[1:], np.int32), [F(3, 2, 4)]),
    Case("TensorListResize", _resize, lambda x: x[:2], [F(4, 2)], grad=1),
    Case("TensorListGather", _gather, lambda x: x[[2, 0]], [F(3, 2)], grad=1),
    Case("TensorListScatterIntoExistingList", _scatter,
         lambda x, y: np.stack([y[1], x[1], y[0]]), [F(3, 2), F(2, 2)], grad=1),
    Case("TensorListConcatV2", _concat, lambda x: x.reshape(-1, 2), [F(3, 2, 2)], grad=1),
    Case("TensorListSplit", _split, lambda x: x[1:4] * 2 + x[:3], [F(4, 2)], grad=1),
    Case("TensorListZerosLike", _zeros_like, lambda x: np.zeros_like(x), [F(3, 2)]),
    Case("TensorListAdd", _add, lambda x, y: 2 * x + y, [F(3, 2), F(3, 2)], grad=1),
]
