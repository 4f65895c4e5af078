"""Running graphs: compiled execution plans and the v1 Session."""
