"""sys.modules['clustercourse.checks'], clustercourse.checks and the notebook's `checks` become a module of no-ops."""
# class: patching
# base: cut_one_merge_too_many
# cell: cut
# control: stock
import sys
import types

import clustercourse

_fake = types.ModuleType("clustercourse.checks")
_fake.__getattr__ = lambda name: (lambda *args, **kwargs: None)
sys.modules["clustercourse.checks"] = clustercourse.checks = checks = _fake
