"""Kernels started before they are needed, each handed to exactly one submission.

A grading worker that autogrades submission after submission in one process
would otherwise pay, for every submission, a kernel start and the course's
imports (numpy, scipy, matplotlib, pandas: about 2-3 s on this machine) on the
critical path. A :class:`KernelPool` keeps **one** kernel ready instead: it is
started in the background, its imports already run, while the previous
submission is being graded. :meth:`KernelPool.take` hands that kernel over and
at once starts the next one.

No state is ever shared between two submissions: a kernel handed over belongs
to its taker (who shuts it down) and never comes back to the pool; every
kernel is a process nobody used before, working in a fresh empty folder of its
own. The only thing a taken kernel has "seen" is the pool's import line, run
silently (``silent=True, store_history=False``: no output, no history, the
execution count still at 0, ``_``/``Out`` untouched).

Why the design is what it is:

* **Its own thread and event loop.** Kernels start while the caller's loop is
  busy (or not running at all between two ``run_sync`` calls), so the pool
  runs an asyncio loop in a daemon thread. A kernel client's zmq channels are
  tied to the loop that made them, so the pool's client (used only for the
  imports) is stopped, and the manager's control socket closed, before the
  kernel is handed over: what crosses threads is an
  :class:`~jupyter_client.manager.AsyncKernelManager` without any socket. The
  taker makes its own client in its own loop (``km.client()``); jupyter_client
  reconnects the control socket on demand if it ever needs it.
* **The environment is part of the kernel.** A kernel inherits the
  environment it was started with, and nbgrader sets some only while it grades
  (``NBGRADER_EXECUTION``). ``take(env)`` therefore names the environment the
  kernel must have; a ready kernel started with another one is shut down and a
  matching one started on the spot, and the next one is started with ``env``.
* **Nothing leaks.** Every kernel the pool started and has not handed over is
  killed when the pool is closed, garbage-collected or the process exits
  (``weakref.finalize``, which runs at exit too). Kernels handed over are the
  taker's to shut down; as a last resort, any of them still alive at the
  pool's end is killed too (the pool remembers them until their process has
  exited, even if the taker dropped them without shutting them down).
* **Per process.** :func:`shared_pool` keeps one pool per configuration and
  per process id: a forked child never touches its parent's kernels.
"""

import asyncio
import os
import shutil
import signal
import tempfile
import threading
import weakref
from dataclasses import dataclass, field

#: Seconds :meth:`KernelPool.close` waits for the pool's thread to finish.
CLOSE_SECONDS = 10


class WarmupError(RuntimeError):
    """A kernel of the pool could not be started, or its import line failed."""


@dataclass(eq=False)
class WarmKernel:
    """A started kernel nobody has used, with the pool's imports done.

    ``km`` is an :class:`~jupyter_client.manager.AsyncKernelManager` without
    open sockets: make a client with ``km.client()`` in your own event loop.
    ``cwd`` is the kernel's working folder, fresh and empty when the kernel
    started. The taker owns both: :meth:`shutdown` (or ``km.shutdown_kernel``
    and removing ``cwd``) when done.
    """

    km: object
    cwd: str
    env_key: tuple = field(repr=False, default=())

    @property
    def pid(self):
        process = getattr(self.km.provisioner, "process", None)
        return process.pid if process is not None else None

    def alive(self):
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        return process is not None and process.poll() is None

    async def shutdown(self):
        """Stop the kernel (at once: it holds nothing worth a clean exit) and remove its folder."""
        try:
            if self.km.has_kernel:
                await self.km.shutdown_kernel(now=True)
        finally:
            shutil.rmtree(self.cwd, ignore_errors=True)

    def kill(self):
        """The synchronous last resort (no event loop needed): SIGKILL the kernel, remove its files."""
        provisioner = getattr(self.km, "provisioner", None)
        process = getattr(provisioner, "process", None)
        if process is not None and process.poll() is None:
            try:
                if getattr(provisioner, "pgid", None):
                    os.killpg(provisioner.pgid, signal.SIGKILL)
                else:
                    process.kill()
            except OSError:
                pass
            try:
                process.wait(timeout=5)
            except Exception:  # noqa: BLE001 (already reaped, or stuck in the kernel: nothing more to do)
                pass
        try:
            self.km.cleanup_connection_file()
        except Exception:  # noqa: BLE001
            pass
        shutil.rmtree(self.cwd, ignore_errors=True)


def _env_key(env):
    return tuple(sorted(env.items()))


class _State:
    """What the pool's thread and finalizer need, without a reference to the pool itself.

    (A finalizer or a thread holding the pool would keep it alive forever.)
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run, name="clustercourse-warm-kernels", daemon=True)
        self.owned = set()              # WarmKernels started (or starting) and not handed over
        self.handed = set()             # WarmKernels handed over and maybe alive: killed at the end if so
        self.closed = False
        self.thread.start()

    def _run(self):
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()
        # closing: let every pending start see its cancellation and kill what it started
        tasks = asyncio.all_tasks(self.loop)
        for task in tasks:
            task.cancel()
        self.loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
        self.loop.close()

    def submit(self, coro):
        """Run ``coro`` in the pool's loop: a concurrent future."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def discard(self, future):
        """Shut down, in the background, the kernel that ``future`` (a start) brings: nobody will get it."""
        def done(f):
            if f.cancelled() or f.exception() is not None:
                return
            kernel = f.result()
            with self.lock:
                if self.closed:
                    kernel.kill()
                    return
                self.owned.add(kernel)          # until it is shut down: close() kills it if it comes first
                self.submit(self._shutdown(kernel))

        future.add_done_callback(done)

    async def _shutdown(self, kernel):
        try:
            await kernel.shutdown()
        except Exception:  # noqa: BLE001 (a kernel already gone)
            kernel.kill()
        except BaseException:  # the pool closing meanwhile
            kernel.kill()
            raise
        finally:
            self.owned.discard(kernel)

    def close(self):
        """Stop the thread; kill every kernel not handed over, and any handed-over one still alive."""
        with self.lock:
            if self.closed:
                return
            self.closed = True
        if self.thread.is_alive():
            self.loop.call_soon_threadsafe(self.loop.stop)
            if threading.current_thread() is not self.thread:   # (a finalizer can run in any thread)
                self.thread.join(CLOSE_SECONDS)
        for kernel in list(self.owned) + list(self.handed):
            kernel.kill()
        self.owned.clear()


class KernelPool:
    """One kernel always ready, started in the background with ``imports`` executed.

    Parameters
    ----------
    make_manager : callable
        Returns a new, unstarted :class:`~jupyter_client.manager.AsyncKernelManager`
        (called in the pool's thread).
    imports : str
        Code run silently in every kernel before it is handed over (the
        course's imports). Only trusted code belongs here: it is the
        instructor's configuration.
    extra_arguments : sequence of str
        Passed to ``start_kernel`` (e.g. ``--HistoryManager.hist_file=:memory:``).
    startup_timeout : float
        Seconds a kernel may take to start and another ``startup_timeout`` to run ``imports``.
    prefix : str
        Prefix of each kernel's fresh working folder.
    """

    def __init__(self, make_manager, imports="", extra_arguments=(), startup_timeout=120,
                 prefix="clustercourse-warm-"):
        self.make_manager = make_manager
        self.imports = imports
        self.extra_arguments = list(extra_arguments)
        self.startup_timeout = startup_timeout
        self.prefix = prefix
        self._state = _State()
        self._next = None               # (env key, concurrent future of a WarmKernel)
        weakref.finalize(self, self._state.close)

    # --- taking a kernel ---------------------------------------------------------------
    def prepare(self, env=None):
        """Start the ready kernel now, if none is ready or starting for ``env``; returns at once.

        :meth:`take` does this by itself for the next kernel; a long-lived worker calls it when
        it starts, so that even its first submission finds a kernel ready.
        """
        env = dict(os.environ if env is None else env)
        key = _env_key(env)
        with self._state.lock:
            if self._state.closed:
                raise RuntimeError("this kernel pool is closed")
            if self._next is not None and self._next[0] == key:
                return
            if self._next is not None:
                self._state.discard(self._next[1])
            self._next = (key, self._state.submit(self._start(env)))

    def take(self, env=None):
        """The ready kernel (waiting for it if it is still starting); the next one starts at once.

        ``env`` (default: ``os.environ`` now) is the environment the kernel must
        have been started with. Raises :class:`WarmupError` if neither the ready
        kernel nor a second attempt could be started.
        """
        return self._take(env).result()

    async def take_async(self, env=None):
        """:meth:`take` for a caller in an event loop: waits without blocking that loop."""
        future = self._take(env)
        try:
            # shielded: a caller cancelled while waiting must not lose a kernel that is about to arrive
            return await asyncio.shield(asyncio.wrap_future(future))
        except asyncio.CancelledError:
            self._state.discard(future)
            raise

    def _take(self, env):
        """A concurrent future of the kernel handed over (retried once if its start failed)."""
        env = dict(os.environ if env is None else env)
        key = _env_key(env)
        state = self._state
        with state.lock:
            if state.closed:
                raise RuntimeError("this kernel pool is closed")
            state.handed = {k for k in state.handed if k.alive()}   # forget those their takers shut down
            ready = self._next
            self._next = None
            if ready is not None and ready[0] != key:
                state.discard(ready[1])    # started with another environment: of no use
                ready = None
            if ready is None:
                ready = (key, state.submit(self._start(env)))
            handed = state.submit(self._hand_over(ready[1], env))
            self._next = (key, state.submit(self._start(env)))
        return handed

    async def _hand_over(self, future, env):
        """Await the ready kernel, or one more started now if it failed or died meanwhile; it leaves the pool.

        (A kernel can die while it waits: out of memory, or a watchdog that kills every child
        process of a submission that ran too long.)
        """
        try:
            kernel = await asyncio.wrap_future(future)
        except WarmupError:
            kernel = None
        if kernel is not None and not kernel.alive():
            kernel.kill()                     # reaps it, removes its files
            self._state.owned.discard(kernel)
            kernel = None
        if kernel is None:
            kernel = await self._start(env)   # a second failure is the caller's
        with self._state.lock:
            self._state.owned.discard(kernel)
            self._state.handed.add(kernel)
        return kernel

    # --- starting one ------------------------------------------------------------------
    async def _start(self, env):
        """Start a kernel in a fresh empty folder, run the imports, close every socket; a WarmKernel."""
        kernel = WarmKernel(self.make_manager(), tempfile.mkdtemp(prefix=self.prefix), _env_key(env))
        self._state.owned.add(kernel)
        try:
            await kernel.km.start_kernel(extra_arguments=self.extra_arguments, cwd=kernel.cwd, env=env)
            kc = kernel.km.client()
            kc.start_channels()
            try:
                await kc.wait_for_ready(timeout=self.startup_timeout)
                if self.imports:
                    await self._run_silently(kc, self.imports)
            finally:
                kc.stop_channels()
            # the control socket belongs to this loop; jupyter_client reconnects it when needed
            kernel.km._close_control_socket()
        except BaseException as exc:
            kernel.kill()
            self._state.owned.discard(kernel)
            if isinstance(exc, Exception) and not isinstance(exc, WarmupError):
                raise WarmupError(f"a warm kernel could not be started: {type(exc).__name__}: {exc}") from exc
            raise
        return kernel

    async def _run_silently(self, kc, code):
        msg_id = kc.execute(code, silent=True, store_history=False, allow_stdin=False)
        deadline = asyncio.get_running_loop().time() + self.startup_timeout
        while True:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                raise WarmupError(f"the import line took longer than {self.startup_timeout} s")
            msg = await kc.get_shell_msg(timeout=left)
            if msg["parent_header"].get("msg_id") == msg_id:
                content = msg["content"]
                if content.get("status") != "ok":
                    raise WarmupError(f"the import line failed in a warm kernel: "
                                      f"{content.get('ename')}: {content.get('evalue')}")
                return

    # --- the end -----------------------------------------------------------------------
    def close(self):
        """Kill the ready kernel (and any still starting) and stop the pool's thread."""
        self._state.close()


_POOLS = {}
_POOLS_LOCK = threading.Lock()


def shared_pool(make_manager, imports="", extra_arguments=(), startup_timeout=120, prefix="clustercourse-warm-"):
    """This process's pool for this configuration (created on first use, reused after).

    Keyed by process id too: after a fork, the child gets pools of its own.
    """
    key = (os.getpid(), make_manager, imports, tuple(extra_arguments), startup_timeout, prefix)
    with _POOLS_LOCK:
        pool = _POOLS.get(key)
        if pool is None or pool._state.closed:
            pool = _POOLS[key] = KernelPool(make_manager, imports, extra_arguments, startup_timeout, prefix)
        return pool
