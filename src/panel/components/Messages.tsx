/** A view's error (role alert) and notice (role status) lines, when there are any. */
export function Messages({ error, notice, className }: { error?: string | null; notice?: string | null; className?: string }) {
  return (
    <>
      {error && (
        <p role="alert" className={className ? `error ${className}` : 'error'}>
          {error}
        </p>
      )}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
    </>
  );
}
