def load_config(path):
    """Load the configuration file at path.

    More details here.
    """
    with open(path) as f:
        return f.read()


def helper():
    return 1
