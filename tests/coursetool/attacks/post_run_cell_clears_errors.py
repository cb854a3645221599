"""A post_run_cell hook clears every cell's output when it failed and marks the cell as a success."""
# class: hooks
# base: cut_one_merge_too_many
# cell: cut
# control: stock


def _forget_failures(result):
    if result.error_in_exec is not None or result.error_before_exec is not None:
        from IPython.display import clear_output
        clear_output()                      # the error output already sent is wiped from the cell
        result.error_in_exec = None         # ... and the kernel's reply says "ok"
        result.error_before_exec = None


get_ipython().events.register("post_run_cell", _forget_failures)
