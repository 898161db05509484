"""The automatic checks a rubric criterion may name in its ``autoqa`` field, with what each looks for."""

from __future__ import annotations

AUTOQA_CHECKS: dict[str, str] = {
    "greeting": "The agent's first message greets the customer.",
    "closing": "The last agent messages offer further help or say goodbye.",
    "customer_name": "The agent used the customer's name.",
    "first_response_time": "The first agent reply came within the channel's SLA.",
    "longest_wait": "No customer message waited longer than the channel's SLA.",
    "empathy": "The agent apologised or showed empathy when the customer was frustrated.",
    "sensitive_data": "The agent neither shared a payment card number or password nor asked the "
    "customer for one (a full card number, CVV, PIN or password).",
    "profanity": "The agent used no profanity.",
    "sentiment": "The customer did not end negative or ask to escalate.",
}
