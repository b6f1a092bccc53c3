package io.github.covidxray.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MaskAgreementTest {

    @Test
    void diceAndIouOfKnownOverlaps() {
        boolean[] a = {true, true, true, true, false, false};
        boolean[] b = {false, false, true, true, true, true};
        MaskOverlap o = MaskOverlap.of(a, b);
        assertEquals(2, o.intersection());
        assertEquals(0.5, o.dice(), 1e-12);
        assertEquals(1 / 3.0, o.iou(), 1e-12);
        assertEquals(1.0, MaskOverlap.of(new boolean[3], new boolean[3]).dice(), "two empty masks agree");
        assertThrows(IllegalArgumentException.class, () -> MaskOverlap.of(a, new boolean[2]));
    }

    @Test
    void meanWithAPatientBootstrapInterval() {
        MaskOverlap[] overlaps = new MaskOverlap[40];
        String[] patients = new String[40];
        for (int i = 0; i < 40; i++) {
            overlaps[i] = new MaskOverlap(80 + i % 10, 100, 100);   // Dice 0.80 .. 0.89
            patients[i] = "p" + i / 2;
        }
        MaskAgreement a = MaskAgreement.of(overlaps, patients, 500, 0.95, 7);
        assertEquals(0.845, a.dice().value(), 1e-9);
        assertTrue(a.dice().lower() < 0.845 && a.dice().upper() > 0.845, a.dice().toString());
        assertTrue(a.dice().upper() - a.dice().lower() < 0.03, a.dice().toString());
        assertTrue(a.iou().value() < a.dice().value());
        assertEquals(0.80, a.diceQuantile(0), 1e-12);
        assertEquals(MaskAgreement.of(overlaps, patients, 500, 0.95, 7).dice(), a.dice(), "seeded");
    }
}
