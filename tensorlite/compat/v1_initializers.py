"""`tf.compat.v1.initializers`: TF1's initializer namespace."""
from tensorlite.variables.initializers import (Constant as constant, GlorotNormal as glorot_normal,
                                               GlorotUniform as glorot_uniform, Identity as identity,
                                               Ones as ones, Orthogonal as orthogonal,
                                               RandomNormal as random_normal,
                                               RandomUniform as random_uniform,
                                               TruncatedNormal as truncated_normal,
                                               VarianceScaling as variance_scaling, Zeros as zeros,
                                               he_normal, he_uniform, lecun_normal, lecun_uniform)
from tensorlite.variables.variables import global_variables_initializer as global_variables
from tensorlite.variables.variables import local_variables_initializer as local_variables
from tensorlite.variables.variables import variables_initializer as variables
