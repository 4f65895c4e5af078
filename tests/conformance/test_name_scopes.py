"""Conformance: tf.name_scope (v2), tf.compat.v1.name_scope, Graph.name_scope and
tf.device placement recorded on graph ops (TF 2.21 is the oracle)."""
import re

import pytest


def _scope(tf, name, cls=None):
    """Enter a scope, return (returned scope string, name of a Const created inside)."""
    cls = cls or tf.name_scope
    with cls(name) as s:
        return s, tf.constant(1.0).name


# ---------------------------------------------------------------------------
# tf.name_scope (v2) in a graph
# ---------------------------------------------------------------------------

def test_v2_and_v1_name_scope_are_distinct(tf):
    assert tf.name_scope is not tf.compat.v1.name_scope


def test_nesting_and_returned_scope_strings(tf):
    g = tf.Graph()
    with g.as_default():
        assert g.get_name_scope() == ""
        with tf.name_scope("a") as s:
            assert s == "a/"
            assert g.get_name_scope() == "a"
            assert tf.compat.v1.get_default_graph().get_name_scope() == "a"
            assert tf.constant(1.0).name == "a/Const:0"
            with tf.name_scope("b") as s2:
                assert s2 == "a/b/"
                assert g.get_name_scope() == "a/b"
                assert tf.get_current_name_scope() == "a/b"
                assert tf.constant(1.0).name == "a/b/Const:0"
                assert tf.constant(1.0, name="c").name == "a/b/c:0"
            with tf.name_scope("b") as s3:
                assert s3 == "a/b_1/"
            assert g.get_name_scope() == "a"
        assert g.get_name_scope() == ""


def test_reopening_a_scope_uniquifies(tf):
    with tf.Graph().as_default():
        with tf.name_scope("a") as s1:
            x = tf.constant(1.0)
        with tf.name_scope("a") as s2:
            y = tf.constant(1.0)
        with tf.name_scope("A") as s3:
            pass
    assert (s1, s2, s3) == ("a/", "a_1/", "A_2/")
    assert (x.name, y.name) == ("a/Const:0", "a_1/Const:0")


def test_trailing_slash_reenters_absolute_scope(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope("a"):
            with tf.name_scope("b"):
                tf.constant(1.0)
                with tf.name_scope("a/") as s:
                    assert s == "a/"
                    assert g.get_name_scope() == "a"
                    assert tf.constant(1.0).name == "a/Const:0"
                with tf.name_scope("a/b/") as s:
                    assert s == "a/b/"
                    assert tf.constant(1.0).name == "a/b/Const_1:0"
                # re-entering a scope that was never opened is allowed
                with tf.name_scope("zz/") as s:
                    assert s == "zz/"
                    assert g.get_name_scope() == "zz"
                    assert tf.constant(1.0).name == "zz/Const:0"
            assert tf.constant(1.0, name="b").name == "a/b_1:0"


def test_reuse_captured_scope_string(tf):
    with tf.Graph().as_default():
        with tf.name_scope("keep") as keep:
            tf.constant(1.0)
        with tf.name_scope(keep) as s:
            assert s == "keep/"
            assert tf.constant(1.0).name == "keep/Const_1:0"


def test_v2_empty_string_resets_to_root(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope("a"):
            with tf.name_scope("") as s:
                assert s == ""
                assert g.get_name_scope() == ""
                assert tf.constant(1.0).name == "Const:0"
            assert g.get_name_scope() == "a"


@pytest.mark.parametrize("bad", [None, 3, b"x"])
def test_v2_name_must_be_str(tf, bad):
    with pytest.raises(ValueError, match="name for name_scope must be a string."):
        tf.name_scope(bad)


def test_v2_name_property(tf):
    assert tf.name_scope("p").name == "p"


@pytest.mark.parametrize("bad", ["a b", "-x", "_x", "a:b", "/abs/", "a b/"])
def test_invalid_root_scope_names(tf, bad):
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match=re.escape(f"'{bad}' is not a valid root scope name.")):
            with tf.name_scope(bad):
                pass


@pytest.mark.parametrize("bad", ["a b", "-x", "_x", "a:b"])
def test_invalid_root_scope_names_v1(tf, bad):
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match=re.escape(f"'{bad}' is not a valid root scope name.")):
            with tf.compat.v1.name_scope(bad):
                pass


@pytest.mark.parametrize("bad", ["a b", "a:b"])
def test_invalid_nested_scope_names(tf, bad):
    with tf.Graph().as_default():
        with tf.name_scope("outer"):
            with pytest.raises(ValueError, match=re.escape(f"'{bad}' is not a valid scope name.")):
                with tf.name_scope(bad):
                    pass


@pytest.mark.parametrize("name", ["_x", "-x", ">x", "_", "x//y"])
def test_nested_scopes_allow_more_leading_characters(tf, name):
    with tf.Graph().as_default():
        with tf.name_scope("outer"):
            assert _scope(tf, name) == (f"outer/{name}/", f"outer/{name}/Const:0")


@pytest.mark.parametrize("name", [".x", "x.y", "1x", "a/_b"])
def test_unusual_valid_root_scope_names(tf, name):
    with tf.Graph().as_default():
        assert _scope(tf, name) == (f"{name}/", f"{name}/Const:0")


def test_name_scope_stack_restored_after_exception(tf):
    g = tf.Graph()
    with g.as_default():
        with pytest.raises(ZeroDivisionError):
            with tf.name_scope("a"):
                with tf.name_scope("b"):
                    1 / 0
        assert g.get_name_scope() == ""
        assert tf.constant(1.0).name == "Const:0"


def test_each_graph_has_its_own_name_stack(tf):
    g1 = tf.Graph()
    with g1.as_default():
        with tf.name_scope("gs"):
            g2 = tf.Graph()
            with g2.as_default():
                assert g2.get_name_scope() == ""
                assert tf.constant(1.0).name == "Const:0"
            assert tf.get_current_name_scope() == "gs"


def test_eager_scope_does_not_leak_into_graph(tf):
    g = tf.Graph()
    with tf.name_scope("e"):
        with g.as_default():
            assert tf.get_current_name_scope() == ""
            assert g.get_name_scope() == ""
            assert tf.constant(1.0).name == "Const:0"
            with tf.name_scope("x") as s:
                assert s == "x/"
        assert tf.get_current_name_scope() == "e"
    assert tf.get_current_name_scope() == ""


# ---------------------------------------------------------------------------
# tf.compat.v1.name_scope in a graph
# ---------------------------------------------------------------------------

def test_v1_name_scope_default_name_and_none(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.compat.v1.name_scope("v1") as s:
            assert s == "v1/"
            with tf.compat.v1.name_scope(None, "dflt") as s2:
                assert s2 == "v1/dflt/"
            with tf.compat.v1.name_scope(None, "dflt") as s2:
                assert s2 == "v1/dflt_1/"
            with tf.compat.v1.name_scope("n", "dflt") as s2:
                assert s2 == "v1/n/"
            with tf.compat.v1.name_scope(None) as s2:
                assert s2 == ""
                assert g.get_name_scope() == ""
                assert tf.constant(1.0).name == "Const:0"
            with tf.compat.v1.name_scope("") as s2:
                assert s2 == ""
                assert tf.constant(1.0).name == "Const_1:0"
            assert g.get_name_scope() == "v1"


def test_v1_name_scope_name_property(tf):
    with tf.Graph().as_default():
        assert tf.compat.v1.name_scope(None, "dd").name == "dd"
        assert tf.compat.v1.name_scope("x", "dd").name == "x"


def test_v1_name_scope_with_values(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(1.0)
        with tf.compat.v1.name_scope("vals", values=[c]) as s:
            assert s == "vals/"
        with tf.compat.v1.name_scope(None, "d", [c]) as s:
            assert s == "d/"
        with tf.compat.v1.name_scope("x", "d", []) as s:
            assert s == "x/"
        with pytest.raises(ValueError, match=re.escape(
                "At least one of name (None) and default_name (None) must be provided.")):
            with tf.compat.v1.name_scope(None, values=[c]):
                pass
        assert g.get_name_scope() == ""


def test_v1_name_scope_values_switch_default_graph(tf):
    g1, g2 = tf.Graph(), tf.Graph()
    with g2.as_default():
        d = tf.constant(1.0)
    with g1.as_default():
        c = tf.constant(1.0)
        with tf.compat.v1.name_scope("other", values=[d]) as s:
            assert s == "other/"
            assert tf.compat.v1.get_default_graph() is g2
            assert tf.constant(1.0).name == "other/Const:0"
        assert tf.compat.v1.get_default_graph() is g1
        with pytest.raises(ValueError, match="must be from the same graph"):
            with tf.compat.v1.name_scope("mix", values=[c, d]):
                pass
        assert tf.compat.v1.get_default_graph() is g1


def test_v1_default_name_must_be_str_in_graph(tf):
    with tf.Graph().as_default():
        with pytest.raises(TypeError, match=re.escape(
                "`default_name` type (<class 'int'>) is not a string type. "
                "You likely meant to pass this into the `values` kwarg.")):
            tf.compat.v1.name_scope(None, 3)


def test_graph_name_scope(tf):
    g = tf.Graph()
    with g.name_scope("gs") as s:
        with g.name_scope("in") as s2:
            assert (s, s2) == ("gs/", "gs/in/")
            assert g.get_name_scope() == "gs/in"
            with g.name_scope(None) as s3:
                assert s3 == "" and g.get_name_scope() == ""
            with g.name_scope("") as s4:
                assert s4 == ""
    with g.name_scope(b"bytes") as s5:
        assert s5 == "bytes/"
    assert g.get_name_scope() == ""
    # a graph's name scopes only apply to ops created in that graph
    with g.as_default():
        with g.name_scope("x"):
            assert tf.constant(1.0).name == "x/Const:0"


# ---------------------------------------------------------------------------
# Name scopes in eager mode
# ---------------------------------------------------------------------------

def test_eager_v2_name_scope_does_not_uniquify(tf):
    assert tf.executing_eagerly()
    with tf.name_scope("a") as s:
        assert s == "a/"
        assert tf.get_current_name_scope() == "a"
        with tf.name_scope("a") as s2:
            assert s2 == "a/a/"
            assert tf.get_current_name_scope() == "a/a"
        with tf.name_scope("b/") as s3:
            assert s3 == "b/"
            assert tf.get_current_name_scope() == "b"
        with tf.name_scope("") as s4:
            assert s4 == ""
            assert tf.get_current_name_scope() == ""
        # no validation in eager mode
        with tf.name_scope("a b") as s5:
            assert s5 == "a/a b/"
        # eager scopes do not touch the default graph's name stack
        assert tf.compat.v1.get_default_graph().get_name_scope() == ""
    with tf.name_scope("a") as s:
        assert s == "a/"
    assert tf.get_current_name_scope() == ""


def test_eager_v1_name_scope(tf):
    with tf.compat.v1.name_scope("v1") as s:
        assert s == "v1/"
        with tf.compat.v1.name_scope("w") as s2:
            assert s2 == "v1/w/"
        with tf.compat.v1.name_scope(None, "dd") as s3:
            assert s3 == "v1/dd/"
    with tf.compat.v1.name_scope("v1") as s:
        assert s == "v1/"
    with tf.compat.v1.name_scope(None) as s:
        assert s == ""
    with tf.compat.v1.name_scope(None, "dd") as s:
        assert s == "dd/"
    # in eager mode a non-str default_name reaches the v2 scope's check
    with pytest.raises(ValueError, match="name for name_scope must be a string."):
        tf.compat.v1.name_scope(None, 3)


def test_eager_name_scope_with_graph_values_uses_that_graph(tf):
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(1.0)
    with tf.compat.v1.name_scope("vs", values=[c]) as s:
        assert s == "vs/"
        assert g.get_name_scope() == "vs"
    assert g.get_name_scope() == ""


# ---------------------------------------------------------------------------
# tf.device
# ---------------------------------------------------------------------------

def _dev(tf, spec):
    with tf.device(spec):
        return tf.constant(1.0).op.device


@pytest.mark.parametrize("spec,expected", [
    ("/cpu:0", "/device:CPU:0"),
    ("/CPU:0", "/device:CPU:0"),
    ("cpu:0", "/device:CPU:0"),
    ("CPU:0", "/device:CPU:0"),
    ("/device:cpu:0", "/device:CPU:0"),
    ("/device:CPU:0", "/device:CPU:0"),
    ("/gpu:1", "/device:GPU:1"),
    ("/cpu:*", "/device:CPU:*"),
    ("cpu", "/device:CPU:*"),
    ("/job:w", "/job:w"),
    ("/task:3", "/task:3"),
    ("/replica:1", "/replica:1"),
    ("/job:w/task:1", "/job:w/task:1"),
    ("/job:w/cpu:0", "/job:w/device:CPU:0"),
    ("/job:w/replica:0/task:1/device:CPU:2", "/job:w/replica:0/task:1/device:CPU:2"),
    ("", ""),
])
def test_device_canonical_form(tf, spec, expected):
    with tf.Graph().as_default():
        assert _dev(tf, spec) == expected


def test_device_default_is_empty_and_tensor_device_matches_op(tf):
    with tf.Graph().as_default():
        a = tf.constant(1.0)
        assert a.device == "" and a.op.device == ""
        with tf.device("/gpu:0"):
            b = tf.constant(1.0)
        assert b.device == b.op.device == "/device:GPU:0"
        assert tf.identity(b).device == ""
        with tf.device("/cpu:0") as entered:
            assert entered is None
            with tf.name_scope("s"):
                assert tf.constant(1.0).device == "/device:CPU:0"
        assert tf.constant(1.0).device == ""


def test_device_nesting_merges(tf):
    with tf.Graph().as_default():
        with tf.device("/job:w"):
            assert tf.constant(1.0).device == "/job:w"
            with tf.device("/cpu:0"):
                assert tf.constant(1.0).device == "/job:w/device:CPU:0"
                with tf.device("/job:ps"):
                    assert tf.constant(1.0).device == "/job:ps/device:CPU:0"
                with tf.device("/gpu:0"):
                    assert tf.constant(1.0).device == "/job:w/device:GPU:0"
                with tf.device("/task:3"):
                    assert tf.constant(1.0).device == "/job:w/task:3/device:CPU:0"
                with tf.device(""):
                    assert tf.constant(1.0).device == "/job:w/device:CPU:0"
            with tf.device("/job:w/task:1"):
                assert tf.constant(1.0).device == "/job:w/task:1"
        with tf.device("/cpu:0"):
            with tf.device("/job:w"):
                assert tf.constant(1.0).device == "/job:w/device:CPU:0"


def test_device_wildcard_index_inherits_outer_index(tf):
    with tf.Graph().as_default():
        with tf.device("/gpu:0"):
            with tf.device("/cpu:*"):
                assert tf.constant(1.0).device == "/device:CPU:0"
            with tf.device("/task:1/cpu:0"):
                assert tf.constant(1.0).device == "/task:1/device:CPU:0"
        with tf.device("/job:a/replica:1/task:2/device:GPU:3"):
            with tf.device("/device:CPU:*"):
                assert tf.constant(1.0).device == "/job:a/replica:1/task:2/device:CPU:3"


def test_device_none_clears(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.device("/job:w"):
            with tf.device("/cpu:0"):
                with tf.device(None):
                    assert tf.constant(1.0).device == ""
                    with tf.device("/task:2"):
                        assert tf.constant(1.0).device == "/task:2"
                assert tf.constant(1.0).device == "/job:w/device:CPU:0"
        with tf.compat.v1.device("/cpu:0"):
            assert tf.constant(1.0).device == "/device:CPU:0"
            with tf.compat.v1.device(None):
                assert tf.constant(1.0).device == ""
        with g.device("/cpu:0"):
            assert tf.constant(1.0).device == "/device:CPU:0"
            with g.device(None):
                assert tf.constant(1.0).device == ""


def test_device_spec_object(tf):
    with tf.Graph().as_default():
        spec = tf.DeviceSpec(job="x", device_type="GPU", device_index=0)
        with tf.device(spec):
            assert tf.constant(1.0).device == "/job:x/device:GPU:0"


def test_v1_device_function(tf):
    with tf.Graph().as_default():
        c = tf.constant(1.0)

        def fn(op):
            return "/gpu:1" if op.type == "Const" else "/cpu:0"

        with tf.compat.v1.device(fn):
            # device functions' results are recorded verbatim (not canonicalized)
            assert tf.constant(1.0).device == "/gpu:1"
            assert tf.identity(c).device == "/cpu:0"
        with pytest.raises(RuntimeError, match="tf.device does not support functions."):
            tf.device(fn)


@pytest.mark.parametrize("bad,msg", [
    ("foo", "Unknown attribute 'foo' is encountered while parsing the device spec: 'foo'."),
    ("/foo:0", "Unknown attribute 'foo' is encountered while parsing the device spec: '/foo:0'."),
    ("/device:", "Unknown attribute 'device' is encountered while parsing the device spec: '/device:'."),
])
def test_invalid_device_strings(tf, bad, msg):
    with tf.Graph().as_default():
        cm = tf.device(bad)  # validated on entry, not construction
        with pytest.raises(ValueError, match=re.escape(msg)):
            with cm:
                pass
        assert tf.constant(1.0).device == ""


def test_eager_tensor_device(tf):
    with tf.device("/cpu:0"):
        e = tf.constant(1.0)
        assert e.device == "/job:localhost/replica:0/task:0/device:CPU:0"
        assert (e + 1.0).device == "/job:localhost/replica:0/task:0/device:CPU:0"
    with tf.device("/job:localhost/cpu:0"):
        assert tf.constant(1.0).device == "/job:localhost/replica:0/task:0/device:CPU:0"


def test_eager_device_rejects_functions(tf):
    with pytest.raises(RuntimeError, match="tf.device does not support functions."):
        tf.device(lambda op: "/cpu:0")
    with pytest.raises(RuntimeError, match="tf.device does not support functions when eager execution is enabled."):
        tf.compat.v1.device(lambda op: "/cpu:0")
