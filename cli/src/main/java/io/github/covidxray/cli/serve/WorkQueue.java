package io.github.covidxray.cli.serve;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs classifications on a fixed number of threads with a bounded waiting queue. A request that finds
 * the queue full is refused at once with 503 instead of waiting without bound, and a request whose work
 * does not finish by its deadline gets 503 while the work runs on (a native forward pass cannot be
 * stopped), still occupying its slot so overload stays bounded. Thread-safe.
 */
final class WorkQueue implements AutoCloseable {

    private final ThreadPoolExecutor executor;
    private final int maxQueued;

    WorkQueue(int threads, int maxQueued) {
        this.maxQueued = maxQueued;
        BlockingQueue<Runnable> queue = maxQueued == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(maxQueued);
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, queue, r -> {
            Thread t = new Thread(r, "triage-work-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Runs the task and waits for it until the deadline.
     *
     * @param task the work
     * @param deadlineNanos the {@link System#nanoTime()} by which the answer is due
     * @param <T> the result type
     * @return the task's result
     * @throws HttpProblem 503 if the queue is full or the deadline passes; else what the task threw
     */
    <T> T call(Supplier<T> task, long deadlineNanos) {
        Future<T> future;
        try {
            future = executor.submit(task::get);
        } catch (RejectedExecutionException e) {
            throw HttpProblem.unavailable("server busy: " + executor.getActiveCount() + " classifications running and "
                    + queued() + " of " + maxQueued + " queue places taken; retry later");
        }
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw HttpProblem.unavailable("classification did not finish within the request timeout; retry later");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw HttpProblem.unavailable("server is shutting down");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException("classification failed", cause);
        }
    }

    /** @return tasks waiting for a thread */
    int queued() {
        return executor.getQueue().size();
    }

    /** @return tasks running now */
    int running() {
        return executor.getActiveCount();
    }

    /**
     * Lets running tasks finish, up to the grace period.
     *
     * @param grace the longest wait
     * @return whether all tasks finished
     * @throws InterruptedException if interrupted while waiting
     */
    boolean shutdown(Duration grace) throws InterruptedException {
        executor.shutdown();
        return executor.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
