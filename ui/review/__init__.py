"""The review screens: the reviewer's queue and the workspace where a conversation is read and
scored (transcript, context, scoring panel)."""
