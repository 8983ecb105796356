"""securecheck: an account-security self-audit for people who keep money on exchanges."""

__version__ = "0.1.0"
