def _fill(folder, limit=128 * 2**20):
    """Write up to ``limit`` bytes into ``folder`` in 1 MiB files; how many got written, and why it stopped. Cleans up."""
    import os as _os
    written, reason, names = 0, "limit reached", []
    chunk = b"\0" * 2**20
    try:
        while written < limit:
            name = _os.path.join(folder, f"filler-{len(names)}.bin")
            names.append(name)
            with open(name, "wb") as f:
                f.write(chunk)
                f.flush()
                _os.fsync(f.fileno())
            written += len(chunk)
    except OSError as exc:
        reason = f"{type(exc).__name__}: {exc}"
    for name in names:
        try:
            _os.remove(name)
        except OSError:
            pass
    return {"folder": folder, "written": written, "stopped": reason}
