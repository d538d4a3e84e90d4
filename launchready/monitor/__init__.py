"""Alerts sent from this machine: `launchready monitoring test-alert` posts the monitor Worker's
payloads (launchready.core.monitor) to each configured channel and reports what each one answered."""
