"""Automatic differentiation: tapes (eager), symbolic gradients (graphs), one backprop."""
