package io.github.covidxray.cli.serve;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

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
     * @throws HttpProblem 503 if the queue is full or the deadline passes; the task's own HttpProblem
     * @throws Exception what the task threw
     */
    <T> T call(Callable<T> task, long deadlineNanos) throws Exception {
        Future<T> future;
        try {
            future = executor.submit(task);
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
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw (Error) cause;
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
