"""Evaluation harness of the agent: question sets with expected intents and cited ids."""
