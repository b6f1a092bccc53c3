package io.github.covidxray.cli.serve;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs classifications on a fixed number of threads with a bounded waiting queue, without holding an HTTP
 * thread while they run. A request that finds the queue full is refused at once with 503 instead of waiting
 * without bound; a request whose work does not finish by its deadline gets 503 while the work runs on (a
 * native forward pass cannot be stopped), still occupying its slot so overload stays bounded. Thread-safe.
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
     * Queues the task.
     *
     * @param task the work
     * @param timeout how long the caller waits for it
     * @param <T> the result type
     * @return the task's result; fails with a 503 {@link HttpProblem} if the deadline passes
     * @throws HttpProblem 503 at once if the queue is full
     */
    <T> CompletableFuture<T> submit(Supplier<T> task, Duration timeout) {
        CompletableFuture<T> result;
        try {
            result = CompletableFuture.supplyAsync(task, executor);
        } catch (RejectedExecutionException e) {
            throw HttpProblem.unavailable("server busy: " + executor.getActiveCount() + " classifications running and "
                    + queued() + " of " + maxQueued + " queue places taken; retry later");
        }
        return result.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
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
