"""The main window's handlers, one module per user intent.

Each controller turns an intent into background tasks on the bridge (through the task runner) and shows
what comes back in the widgets it was given. `editing` owns the list and the form (the invoice shown);
`importing`, `sending` and `syncing` use it to show their outcome. No controller imports the main window.
"""
