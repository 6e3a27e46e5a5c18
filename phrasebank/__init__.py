"""The default phrase bank (YAML data). This marker lets it ship inside the wheel as narrative.banks."""
