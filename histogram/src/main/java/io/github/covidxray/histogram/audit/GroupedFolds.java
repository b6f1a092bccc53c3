package io.github.covidxray.histogram.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Assigns rows to cross-validation folds so that all rows of a group (a patient) land in the same fold,
 * keeping each class's share of every fold about equal. Deterministic for a given seed. Stateless.
 */
final class GroupedFolds {

    private GroupedFolds() {}

    /**
     * @param labels the class of each row
     * @param groups the group of each row
     * @param folds the number of folds wanted
     * @param seed shuffles groups before the greedy assignment
     * @return the fold of each row, {@code 0 <= fold < min(folds, number of groups)}
     */
    static int[] assign(String[] labels, String[] groups, int folds, long seed) {
        Map<String, List<Integer>> rowsOfGroup = new LinkedHashMap<>();
        for (int i = 0; i < groups.length; i++) {
            rowsOfGroup.computeIfAbsent(groups[i], g -> new ArrayList<>()).add(i);
        }
        int k = Math.min(folds, rowsOfGroup.size());
        List<String> order = new ArrayList<>(rowsOfGroup.keySet());
        Collections.sort(order); // independent of input order before the seeded shuffle
        Collections.shuffle(order, new Random(seed));
        // Largest groups first, so the greedy fill stays balanced; the sort is stable, ties keep shuffle order.
        order.sort((a, b) -> Integer.compare(rowsOfGroup.get(b).size(), rowsOfGroup.get(a).size()));
        Map<String, int[]> perLabel = new HashMap<>();
        int[] total = new int[k];
        int[] fold = new int[labels.length];
        for (String g : order) {
            List<Integer> rows = rowsOfGroup.get(g);
            int[] labelCounts = perLabel.computeIfAbsent(majorityLabel(rows, labels), l -> new int[k]);
            int best = 0;
            for (int f = 1; f < k; f++) {
                if (labelCounts[f] < labelCounts[best]
                        || (labelCounts[f] == labelCounts[best] && total[f] < total[best])) {
                    best = f;
                }
            }
            for (int r : rows) {
                fold[r] = best;
            }
            labelCounts[best] += rows.size();
            total[best] += rows.size();
        }
        return fold;
    }

    private static String majorityLabel(List<Integer> rows, String[] labels) {
        Map<String, Integer> counts = new HashMap<>();
        String best = labels[rows.get(0)];
        for (int r : rows) {
            int c = counts.merge(labels[r], 1, Integer::sum);
            if (c > counts.get(best)) {
                best = labels[r];
            }
        }
        return best;
    }
}
