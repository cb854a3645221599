def _attack_report(**facts):
    """Print what the attack achieved, as one line the tests read."""
    import json as _json
    print("ATTACK " + _json.dumps(facts, default=str))
