"""Variables, initializers, variable scopes and the variable store behind get_variable."""
