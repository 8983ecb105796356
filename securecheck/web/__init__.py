"""`securecheck serve`: the same Textual app in a local browser, through textual-serve.

Loopback only, a random token as the first part of every path (anything else is 403), a
Host check against DNS rebinding, and an Origin check on the websocket. The page loads
nothing from outside (our own template: no web fonts from the internet). Keystrokes reach
the app's process through the websocket; the server logs neither them nor the token.
"""
