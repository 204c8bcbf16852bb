; Chunk query for Java. Capture names are documented in ../query.go.

(package_declaration (_) @package)
(import_declaration (_) @import)
(line_comment) @comment
(block_comment) @comment

(class_declaration name: (identifier) @name) @def.class
(enum_declaration name: (identifier) @name) @def.class
(record_declaration name: (identifier) @name) @def.class
(interface_declaration name: (identifier) @name) @def.interface
(annotation_type_declaration name: (identifier) @name) @def.interface

(method_declaration
  type: (_) @result
  name: (identifier) @name
  parameters: (formal_parameters) @params
  body: (block)? @body) @def.method

(constructor_declaration
  name: (identifier) @name
  parameters: (formal_parameters) @params
  body: (constructor_body) @body) @def.constructor

(field_declaration
  declarator: (variable_declarator
    name: (identifier) @name
    value: (lambda_expression body: (_) @body))) @def.lambda

(formal_parameter type: (_) @param.type name: (identifier) @param.name) @param
(spread_parameter (_) @param.type (variable_declarator name: (identifier) @param.name)) @param
(lambda_expression parameters: (identifier) @param.name)
(modifiers (marker_annotation) @decorator)
(modifiers (annotation) @decorator)
(modifiers ["public" "protected" "private" "static" "final" "abstract" "synchronized" "native" "default" "transient" "volatile" "strictfp"] @modifier)

(method_invocation
  object: (_)? @_obj
  name: (identifier) @_m) @call
(object_creation_expression type: (_) @call)
(for_statement) @loop
(enhanced_for_statement) @loop
(while_statement) @loop
(do_statement) @loop
(if_statement) @branch
(switch_label) @branch
(ternary_expression) @branch
(return_statement) @return
(throw_statement) @throw
(catch_clause) @catch
(assignment_expression
  left: (field_access
    object: (this) @write.obj
    field: (identifier) @write.field))
(inferred_parameters (identifier) @param.name)
