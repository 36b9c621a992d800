import logging

# keep the bridge's log lines out of the unittest output (tests that check logs attach their own handler)
logging.getLogger("hydra_bridge").addHandler(logging.NullHandler())
