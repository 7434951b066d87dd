package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"

	"taizhang/data"
)

// chunkSize is the most bytes one blob_chunks row holds. Storing and
// reading a blob holds one chunk in memory at a time.
const chunkSize = 1 << 20

// bigWrite is the size of a blob after whose transaction the WAL file is
// checkpointed and truncated, so that attaching a large file does not leave
// a WAL file of the same size beside the database.
const bigWrite = 16 << 20

// storedBlob is a blob as stored by storeBlob.
type storedBlob struct {
	id     int64
	sha256 string
	size   int64
}

// storeBlob copies r into the blob tables inside the checker's transaction,
// chunk by chunk, hashing as it goes, and returns the blob. If a blob with
// the same content is already stored, the new copy is dropped and the old
// one returned: content is stored once. name names the file in the error
// for a failed read.
func (c *checker) storeBlob(r io.Reader, name string) (storedBlob, error) {
	_, ts := stamp()
	res, err := c.exec("INSERT INTO blobs (sha256, size, chunks, created_at) VALUES (NULL, 0, 0, ?)", ts)
	if err != nil {
		return storedBlob{}, fmt.Errorf("store blob: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return storedBlob{}, fmt.Errorf("store blob: %w", err)
	}

	h := sha256.New()
	buf := make([]byte, chunkSize)
	var size, chunks int64
	for {
		n, rerr := io.ReadFull(r, buf)
		if n > 0 {
			h.Write(buf[:n])
			if _, err := c.exec("INSERT INTO blob_chunks (blob_id, seq, data) VALUES (?, ?, ?)", id, chunks, buf[:n]); err != nil {
				return storedBlob{}, fmt.Errorf("store blob chunk %d: %w", chunks, err)
			}
			size += int64(n)
			chunks++
		}
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
			break
		}
		var e *data.Error
		if errors.As(rerr, &e) {
			return storedBlob{}, rerr // the reader's own message for the clerk
		}
		if rerr != nil {
			return storedBlob{}, data.Errorf(data.EINVALID, "读取文件“%s”时出错：%v", name, rerr)
		}
		if err := c.ctx.Err(); err != nil {
			return storedBlob{}, err
		}
	}
	sum := hex.EncodeToString(h.Sum(nil))

	var old int64
	err = c.tx.QueryRowContext(c.ctx, "SELECT id FROM blobs WHERE sha256 = ?", sum).Scan(&old)
	switch {
	case err == nil:
		// Already stored: drop the copy just written.
		if _, err := c.exec("DELETE FROM blob_chunks WHERE blob_id = ?", id); err != nil {
			return storedBlob{}, fmt.Errorf("drop duplicate blob: %w", err)
		}
		if _, err := c.exec("DELETE FROM blobs WHERE id = ?", id); err != nil {
			return storedBlob{}, fmt.Errorf("drop duplicate blob: %w", err)
		}
		return storedBlob{id: old, sha256: sum, size: size}, nil
	case !errors.Is(err, sql.ErrNoRows):
		return storedBlob{}, fmt.Errorf("find blob: %w", err)
	}
	if _, err := c.exec("UPDATE blobs SET sha256 = ?, size = ?, chunks = ? WHERE id = ?", sum, size, chunks, id); err != nil {
		return storedBlob{}, fmt.Errorf("store blob: %w", err)
	}
	return storedBlob{id: id, sha256: sum, size: size}, nil
}

// WriteBlob writes the stored file with the given SHA-256 (hex) to w, one
// chunk at a time, and returns the number of bytes written. It verifies
// the content against the hash at the end: on a mismatch the bytes are
// already written, so a caller writing a file should write to a temporary
// file and rename it only on success.
//
// Chunks are read by separate queries, so other work on the database is
// not held up while w is slow; a blob never changes once stored.
//
// It returns EINVALID for a malformed hash, ENOTFOUND for an unknown one
// and EINTERNAL "佐证材料已损坏…" if the stored content does not match.
func (db *DB) WriteBlob(ctx context.Context, sha string, w io.Writer) (int64, error) {
	sha = strings.ToLower(strings.TrimSpace(sha))
	if _, err := hex.DecodeString(sha); err != nil || len(sha) != 2*sha256.Size {
		return 0, data.Errorf(data.EINVALID, "“%s”不是有效的 SHA-256 校验值", sha)
	}
	var id, size, chunks int64
	err := db.db.QueryRowContext(ctx, "SELECT id, size, chunks FROM blobs WHERE sha256 = ?", sha).Scan(&id, &size, &chunks)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, data.Errorf(data.ENOTFOUND, "数据库中没有校验值为 %s 的佐证材料", sha)
	}
	if err != nil {
		return 0, fmt.Errorf("find blob %s: %w", sha, err)
	}

	h := sha256.New()
	var written int64
	for seq := int64(0); seq < chunks; seq++ {
		n, found, err := db.writeChunk(ctx, id, seq, io.MultiWriter(h, w))
		written += n
		if err != nil {
			return written, err
		}
		if !found {
			return written, errCorrupt(sha)
		}
	}
	if written != size || hex.EncodeToString(h.Sum(nil)) != sha {
		return written, errCorrupt(sha)
	}
	return written, nil
}

// writeChunk copies one chunk to w and reports whether it exists. The
// chunk's bytes are written straight from the driver's buffer.
func (db *DB) writeChunk(ctx context.Context, blobID, seq int64, w io.Writer) (int64, bool, error) {
	rs, err := db.db.QueryContext(ctx, "SELECT data FROM blob_chunks WHERE blob_id = ? AND seq = ?", blobID, seq)
	if err != nil {
		return 0, false, fmt.Errorf("read blob chunk %d: %w", seq, err)
	}
	defer rs.Close()
	if !rs.Next() {
		return 0, false, rs.Err()
	}
	var chunk sql.RawBytes
	if err := rs.Scan(&chunk); err != nil {
		return 0, false, fmt.Errorf("read blob chunk %d: %w", seq, err)
	}
	n, err := w.Write(chunk)
	if err != nil {
		return int64(n), true, data.Errorf(data.EINVALID, "写出佐证材料时出错：%v", err)
	}
	return int64(n), true, rs.Close()
}

func errCorrupt(sha string) error {
	return data.Errorf(data.EINTERNAL, "佐证材料已损坏：数据库中的内容与校验值 %s 不符，请从备份中恢复数据库", sha)
}

// truncateWAL checkpoints the WAL into the database file and truncates it.
// It is best effort: a reader of another process may keep the WAL in use.
func (db *DB) truncateWAL(ctx context.Context) {
	db.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
}
