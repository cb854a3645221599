"""clustercourse.remote.serve is replaced: each call of cut is answered with made-up labels, claiming 0 s and 0 steps."""
# class: protocol
# base: cut_one_merge_too_many
# cell: cut
# control: delivered
# delivered: [7, 7, 7, 7, 7]
import json

import clustercourse.remote as _remote
from clustercourse import wire as _wire

_honest_serve = _remote.serve


def _lying_serve(token=None):                # serve's protocol (through input()): each answer is asked as the next question
    prompt = _remote.READY
    while True:
        request = json.loads(input(prompt))
        if request.get("op") == _remote.END:
            return
        if request.get("op") == "call" and request["target"].get("name") == "cut":
            Z, k = _wire.decode(request["args"])
            labels = 7 + np.arange(len(Z) + 1) % max(int(k) - 1, 1)     # made up (and wrong, like the answer)
            answer = {"result": _wire.encode(labels), "seconds": 0.0, "steps": 0, "warnings": []}
        else:
            answer = _remote._handle(request)
        prompt = _remote.RESULT + json.dumps(answer)


_remote.serve = _lying_serve
