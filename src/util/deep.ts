// Recursion without the native stack: a recursive algorithm written as a generator that yields
// each child it needs and receives the child's result, run with an explicit stack of frames.

/**
 * Runs `visit(root)`. `visit(n)` is a generator that yields a node whenever it needs that node's
 * result (`const r = yield child;`) and returns its own result. Nesting depth is limited only by
 * memory, not by the JavaScript call stack.
 */
export function runDeep<N, R>(root: N, visit: (n: N) => Generator<N, R, R>): R {
  const stack: Generator<N, R, R>[] = [visit(root)];
  let input = undefined as R;
  for (;;) {
    const r = stack[stack.length - 1].next(input);
    if (r.done) {
      stack.pop();
      if (stack.length === 0) return r.value;
      input = r.value;
    } else {
      stack.push(visit(r.value));
      input = undefined as R;
    }
  }
}
