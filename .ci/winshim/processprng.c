/*
 * Test-only stand-in for bcryptprimitives.dll, for running taizhang.exe
 * under wine 8 in CI (.ci/windows-smoke). Go 1.22 and later read random
 * bytes at start-up with ProcessPrng from bcryptprimitives.dll, which
 * Windows 10 and 11 have and wine 8.0 lacks. This DLL provides it through
 * advapi32's SystemFunction036 (RtlGenRandom), which wine has. It is copied
 * only into the throwaway wine prefix, never shipped.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
	while (size > 0) {
		ULONG n = size > 0x40000000 ? 0x40000000 : (ULONG)size;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		size -= n;
	}
	return TRUE;
}
