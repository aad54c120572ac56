"""Speech synthesizers: each adapter in its own module, imported lazily."""
