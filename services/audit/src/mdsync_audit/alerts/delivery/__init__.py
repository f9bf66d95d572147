"""Delivery of alert notices to webhooks, Slack-compatible webhooks and email, off the evaluator's path."""
