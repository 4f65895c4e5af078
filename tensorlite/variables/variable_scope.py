"""(being written) variable_scope, get_variable and the variable store."""
__all__ = []
