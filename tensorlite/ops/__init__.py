"""The op library: each module registers its ops (kernel, signature, shape, gradient)."""
