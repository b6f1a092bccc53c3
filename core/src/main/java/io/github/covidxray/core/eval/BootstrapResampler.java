package io.github.covidxray.core.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws bootstrap resamples as multiplicities: {@code weights[i]} is how many times sample {@code i}
 * appears in the resample. With cluster ids (patients), whole clusters are drawn with replacement, as
 * many as there are clusters, so all images of a patient share one multiplicity; images of one patient
 * are correlated and resampling them one by one would give intervals that are too narrow. Without ids,
 * each sample is its own cluster.
 *
 * <p>The same seed gives the same sequence of resamples. Not thread-safe: one instance per thread.
 */
public final class BootstrapResampler {

    private final int n;
    private final int[][] clusterMembers;
    private final boolean clustered;
    private final SplittableRandom random;

    /**
     * @param n the number of samples, at least 1
     * @param clusterIdsOrNull a cluster (patient) id per sample, or null to resample samples; a null or
     *     blank id makes that sample a cluster of its own
     * @param seed the random seed
     */
    public BootstrapResampler(int n, String[] clusterIdsOrNull, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("expected at least 1 sample, found " + n);
        }
        if (clusterIdsOrNull != null && clusterIdsOrNull.length != n) {
            throw new IllegalArgumentException("expected " + n + " cluster ids, found " + clusterIdsOrNull.length);
        }
        this.n = n;
        this.clustered = clusterIdsOrNull != null;
        this.clusterMembers = clustered ? groupByCluster(clusterIdsOrNull) : null;
        this.random = new SplittableRandom(seed);
    }

    /** Clusters in order of first appearance, so the resamples do not depend on hash order. */
    private static int[][] groupByCluster(String[] ids) {
        Map<String, List<Integer>> byId = new LinkedHashMap<>();
        List<List<Integer>> clusters = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            String id = ids[i];
            if (id == null || id.isBlank()) {
                clusters.add(List.of(i));
            } else {
                List<Integer> members = byId.get(id);
                if (members == null) {
                    members = new ArrayList<>();
                    byId.put(id, members);
                    clusters.add(members);
                }
                members.add(i);
            }
        }
        int[][] result = new int[clusters.size()][];
        for (int c = 0; c < result.length; c++) {
            result[c] = clusters.get(c).stream().mapToInt(Integer::intValue).toArray();
        }
        return result;
    }

    /** @return whether whole clusters are resampled */
    public boolean isClustered() {
        return clustered;
    }

    /** @return the number of resampling units: clusters, or samples when not clustered */
    public int units() {
        return clustered ? clusterMembers.length : n;
    }

    /** @return the multiplicity of each sample in the next resample; the multiplicities sum to about n */
    public int[] nextWeights() {
        int[] weights = new int[n];
        int units = units();
        for (int draw = 0; draw < units; draw++) {
            int u = random.nextInt(units);
            if (clustered) {
                for (int i : clusterMembers[u]) {
                    weights[i]++;
                }
            } else {
                weights[u]++;
            }
        }
        return weights;
    }
}
