// Recursion without the call stack: a recursive algorithm written as a generator runs on an
// explicit stack, so trees nested thousands of levels deep cannot overflow the JS stack.

/**
 * One step of a recursive algorithm over tasks of type `T` with results of type `R`, written as a
 * generator: `const r = yield sub` stands for the recursive call `const r = f(sub)`, and `return`
 * gives the task's result. Contract: a step may yield any number of sub-tasks, one at a time; each
 * `yield` receives the result of exactly the task it yielded, and sub-tasks run in yield order, so
 * side effects (such as reporting errors) happen in the same order as with plain recursion.
 */
export type DeepStep<T, R> = (task: T) => Generator<T, R, R>;

/**
 * The two halves of a recursive algorithm for {@link runDeepPausing}: `step` (see DeepStep) and,
 * optionally, `leaf`, which answers the tasks that recurse no further (it returns `undefined` for
 * the others) and so saves a generator per leaf on the hot path. Called as methods: a walker
 * made once per run (a class instance) costs no closures.
 */
export interface DeepWalker<T, R> {
  step(task: T): Generator<T, R, R>;
  leaf?(task: T): R | undefined;
}

/**
 * Runs `step` on `root` as plain recursion would, but with the pending steps on a heap-allocated
 * stack: the depth it handles is bounded by memory only. `leaf` as in {@link DeepWalker}. An
 * exception thrown by a step propagates to the caller (the pending steps are abandoned, not
 * resumed).
 */
export function runDeep<T, R>(root: T, step: DeepStep<T, R>, leaf?: (task: T) => R | undefined): R {
  return runToEnd(runDeepPausing(root, { step, leaf }, Infinity));
}

/**
 * {@link runDeep} as a generator that yields (nothing) after every `every` steps, so that its
 * caller can let other work run in between (see `PrepSlices` in eval/prep-slices.ts); resumed,
 * it goes on where it paused. The result is the generator's return value.
 */
export function* runDeepPausing<T, R>(root: T, walker: DeepWalker<T, R>, every: number): Generator<void, R, void> {
  const first = walker.leaf?.(root);
  if (first !== undefined) return first;
  const stack: Generator<T, R, R>[] = [walker.step(root)];
  let input = undefined as R;
  let steps = 0;
  for (;;) {
    if (++steps >= every) {
      steps = 0;
      yield;
    }
    const r = stack[stack.length - 1].next(input);
    if (r.done) {
      stack.pop();
      if (stack.length === 0) return r.value;
      input = r.value;
      continue;
    }
    const answer = walker.leaf?.(r.value);
    if (answer !== undefined) {
      input = answer;
    } else {
      stack.push(walker.step(r.value));
      input = undefined as R;
    }
  }
}

/** Runs a pausable computation (a generator that yields nothing but pauses) to its end, without pausing. */
export function runToEnd<R>(g: Generator<void, R, void>): R {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}
