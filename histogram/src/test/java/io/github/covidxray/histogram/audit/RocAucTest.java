package io.github.covidxray.histogram.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RocAucTest {

    /** The definition: the fraction of (positive, negative) pairs ranked right, ties counting one half. */
    private static double bruteForce(double[] s, boolean[] pos) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (pos[i] && !pos[j]) {
                    pairs++;
                    wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        return wins / pairs;
    }

    @Test
    void matchesThePairwiseDefinitionWithManyTies() {
        Random rnd = new Random(4);
        for (int t = 0; t < 50; t++) {
            int n = 5 + rnd.nextInt(60);
            double[] s = new double[n];
            boolean[] pos = new boolean[n];
            for (int i = 0; i < n; i++) {
                s[i] = rnd.nextInt(6); // heavy ties
                pos[i] = i == 0 || (i != 1 && rnd.nextBoolean());
            }
            assertEquals(bruteForce(s, pos), RocAuc.auc(s, pos), 1e-12);
        }
    }

    @Test
    void perfectReversedAndUninformativeScores() {
        boolean[] pos = {false, false, true, true};
        assertEquals(1.0, RocAuc.auc(new double[] {0.1, 0.2, 0.8, 0.9}, pos), 0);
        assertEquals(0.0, RocAuc.auc(new double[] {0.9, 0.8, 0.2, 0.1}, pos), 0);
        assertEquals(0.5, RocAuc.auc(new double[] {1, 1, 1, 1}, pos), 0);
    }

    @Test
    void rejectsDegenerateInput() {
        assertThrows(IllegalArgumentException.class, () -> RocAuc.auc(new double[] {1, 2}, new boolean[] {true, true}));
        assertThrows(IllegalArgumentException.class, () -> RocAuc.auc(new double[] {1}, new boolean[] {true, false}));
        assertThrows(IllegalArgumentException.class,
                () -> RocAuc.auc(new double[] {Double.NaN, 1}, new boolean[] {true, false}));
    }
}
