"""How each kind of check is judged: password (zxcvbn), question, probe."""
