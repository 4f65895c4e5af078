"""tf.config: the devices a program sees and the runtime settings it makes at start-up."""
import pytest


def test_the_cpu_is_the_one_physical_device(tf):
    cpu, = tf.config.list_physical_devices()
    assert repr(cpu) == "PhysicalDevice(name='/physical_device:CPU:0', device_type='CPU')"
    assert (cpu.name, cpu.device_type) == ("/physical_device:CPU:0", "CPU")
    assert isinstance(cpu, tf.config.PhysicalDevice)
    assert tf.config.list_physical_devices("CPU") == [cpu]
    assert tf.config.list_physical_devices("GPU") == []
    assert tf.config.list_physical_devices("cpu") == []      # device types match exactly
    assert tf.config.experimental.list_physical_devices("GPU") == []
    logical, = tf.config.list_logical_devices()
    assert (logical.name, logical.device_type) == ("/device:CPU:0", "CPU")
    assert tf.config.list_logical_devices("GPU") == []
    assert tf.config.experimental.get_device_details(cpu) == {}
    assert tf.config.get_logical_device_configuration(cpu) is None


def test_memory_growth_is_for_gpus_only(tf):
    cpu = tf.config.list_physical_devices("CPU")[0]
    with pytest.raises(ValueError, match="Cannot set memory growth on non-GPU and "
                                         "non-Pluggable devices"):
        tf.config.experimental.set_memory_growth(cpu, True)
    with pytest.raises(KeyError):
        tf.config.experimental.get_memory_growth(cpu)
    with pytest.raises(ValueError, match="Unrecognized device: 'x'"):
        tf.config.experimental.set_memory_growth("x", True)
    with pytest.raises(ValueError, match="Unrecognized device: 'x'"):
        tf.config.set_visible_devices("x")


def test_run_functions_eagerly_calls_the_python_function(tf):
    traced = []

    @tf.function
    def step(x):
        traced.append(type(x).__name__)
        return x + 1

    assert tf.config.functions_run_eagerly() is False
    tf.config.run_functions_eagerly(True)
    try:
        assert tf.config.functions_run_eagerly() is True
        assert step(tf.constant(1.0)).numpy() == 2.0
        step(tf.constant(2.0))
        assert traced == ["EagerTensor", "EagerTensor"]       # run each call, untraced
    finally:
        tf.config.run_functions_eagerly(False)
    step(tf.constant(1.0))
    step(tf.constant(2.0))
    assert len(traced) == 3 and traced[2] != "EagerTensor"    # traced once, then reused


def test_start_up_settings_are_kept(run_program):
    # A fresh interpreter: TF accepts these only before the runtime starts.
    out = run_program("""
        c = tf.config
        c.threading.set_inter_op_parallelism_threads(2)
        c.threading.set_intra_op_parallelism_threads(3)
        print(c.threading.get_inter_op_parallelism_threads(),
              c.threading.get_intra_op_parallelism_threads())
        c.set_visible_devices([], "GPU")
        print([d.name for d in c.get_visible_devices()], c.get_visible_devices("GPU"))
        print(c.get_soft_device_placement())
        c.set_soft_device_placement(False)
        print(c.get_soft_device_placement())
        print(repr(c.optimizer.get_jit()))
        c.optimizer.set_jit(True)
        print(repr(c.optimizer.get_jit()))
        c.optimizer.set_experimental_options({"constant_folding": False})
        print(sorted(c.optimizer.get_experimental_options().items()))
        print(c.experimental.tensor_float_32_execution_enabled())
        c.experimental.enable_op_determinism()
        print(float(tf.constant(2.0) * 3.0))
    """)
    assert out.split("\n")[:10] == [
        "2 3", "['/physical_device:CPU:0'] []", "True", "False", "''", "'autoclustering'",
        "[('constant_folding', False), ('disable_meta_optimizer', False), "
        "('disable_model_pruning', False)]", "True", "6.0", ""]
