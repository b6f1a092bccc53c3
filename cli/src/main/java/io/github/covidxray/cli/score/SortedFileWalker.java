package io.github.covidxray.cli.score;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Walks a folder tree depth-first in sorted name order, yielding the files a filter accepts. It holds one
 * sorted listing per open directory level, never the whole tree, so it streams over folders of any size;
 * and the order is the same on every run and machine. Symbolic links to directories are not followed
 * (no cycles). Not thread-safe.
 */
final class SortedFileWalker implements Iterator<Path> {

    private final Deque<Iterator<Path>> stack = new ArrayDeque<>();
    private final Predicate<Path> accept;
    private final BiConsumer<Path, IOException> onError;
    private Path next;

    /**
     * @param root the folder
     * @param accept which regular files to yield
     * @param onError told about each directory that cannot be listed (the walk goes on without it)
     */
    SortedFileWalker(Path root, Predicate<Path> accept, BiConsumer<Path, IOException> onError) {
        this.accept = accept;
        this.onError = onError;
        push(root);
    }

    private void push(Path dir) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
            listing.forEach(entries::add);
        } catch (IOException e) {
            onError.accept(dir, e);
            return;
        }
        entries.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        stack.push(entries.iterator());
    }

    @Override
    public boolean hasNext() {
        while (next == null && !stack.isEmpty()) {
            Iterator<Path> level = stack.peek();
            if (!level.hasNext()) {
                stack.pop();
                continue;
            }
            Path entry = level.next();
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                push(entry);
            } else if (Files.isRegularFile(entry) && accept.test(entry)) {
                next = entry;
            }
        }
        return next != null;
    }

    @Override
    public Path next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Path result = next;
        next = null;
        return result;
    }
}
