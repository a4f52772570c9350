"""Training and export tools for MyoFlow's registration and preprocessing networks."""
