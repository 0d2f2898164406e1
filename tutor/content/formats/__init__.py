"""Exchange formats: GIFT and Moodle XML (Moodle), the plain-text layout, YAML output."""
