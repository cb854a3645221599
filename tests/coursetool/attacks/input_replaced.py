"""serve is made to talk through input() (its socket refused), and input() is replaced (the kernel's raw_input, which ipykernel puts back as builtins.input for each request): the grader's requests and the answers never cross (serve asks forever)."""
# class: protocol
# base: cut_one_merge_too_many
# cell: cut
# control: delivered
# delivered: looking up your names did not finish
import builtins

import clustercourse.remote as _remote

_remote._serve_socket = lambda: None

builtins.input = get_ipython().kernel.raw_input = lambda prompt="": '{"op": "describe", "names": []}'
